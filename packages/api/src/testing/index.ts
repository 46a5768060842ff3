export { freePort, startRedisCluster, type RedisCluster } from "./redis-cluster.js";
