# Build a small PowerFlex-style cluster by hand, write through one client, read through another,
# see where the chunks live, and watch a replayed token get refused.
cluster pd create pd1
cluster pool create pd1/sp1 --copies 2 --shards 8
cluster sds add sds1 --pool pd1/sp1 --capacity 1G
cluster sds add sds2 --pool pd1/sp1 --capacity 1G
cluster sds add sds3 --pool pd1/sp1 --capacity 1G
cluster sdc add host1
cluster sdc add host2
cluster tree
cluster pool create pd1/sp2 --copies 9
vol create dv --type distributed --pool pd1/nope --size 8M
vol create dv --type distributed --pool pd1/sp1 --size 8M
vol write dv 0 --data 'written through host1'
cluster map dv host1
vol write dv 0 --data 'written through host1'
vol write dv 1M --pattern 0x2a --len 1M
cluster map dv host2 --ro --allow-multi-map
vol read dv 0 21 --sdc host2
vol read dv 1M 8 --hex --sdc host2
vol read dv 2M 8 --hex --sdc host2
vol write dv 0 --data 'no' --sdc host2
cluster locate dv
cluster shard list --used
cluster status
cluster token issue dv read 0 4K --sdc host1
cluster token verify last --sds sds1
cluster token verify last --sds sds1
# single use across the cluster: the other copy's node refuses it too
cluster token verify last --sds sds2
# a node that holds no chunk the token covers refuses it (with a fresh token)
cluster token issue dv read 0 4K --sdc host1
cluster token verify last --sds sds3
cluster sds add sds4 --pool pd1/sp1 --capacity 2G
cluster locate dv
vol read dv 0 21 --sdc host1
cluster sds remove sds1
vol read dv 0 21 --sdc host1
audit query --type security --level warning
