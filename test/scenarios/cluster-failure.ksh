# The seed's failure story: 1 PD, 1 pool, 3 nodes, 1 client, a two-copy volume; write, fail a
# node, wait past staleness, see the alert, read still works, rebuild, recover, alert resolved.
cluster pd create pd1
cluster pool create pd1/sp1 --copies 2 --shards 8
cluster sds add sds1 --pool pd1/sp1 --capacity 1G
cluster sds add sds2 --pool pd1/sp1 --capacity 1G
cluster sds add sds3 --pool pd1/sp1 --capacity 1G
cluster sdc add host1
vol create dv --type distributed --pool pd1/sp1 --size 8M
cluster map dv host1
vol write dv 0 --pattern 0x61 --len 3M
vol write dv 0 --data 'before the failure'
cluster locate dv
cluster sds fail sds1
sleep 35s
cluster alerts
cluster health --detail
vol read dv 0 18
vol write dv 2M --data 'while degraded'
sleep 30s
cluster alerts
cluster shard list --used
cluster rebuild status
sleep 2m
cluster rebuild status
sleep 2s
cluster rebuild status
cluster health --detail
cluster locate dv
cluster sds recover sds1
sleep 20s
cluster alerts --all
cluster health
cluster shard list --used
cluster scrub
vol read dv 0 18
vol read dv 2M 14
# sds1's copy of chunk 2 went stale while it was away: archived until cleaned
cluster health --detail
cluster archive clean
cluster shard list --used
audit query --type performance
audit query --action 'cluster.alert.*'
