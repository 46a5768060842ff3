export { freePort, startRedisCluster, type RedisCluster } from "./redis-cluster.js";
export { listFirstPageStatement, searchInput, searchStatement, type SearchInput } from "./statements.js";
