export { startRedisCluster, type RedisCluster } from "./redis-cluster.js";
