# Fail, write, recover, fail the other at once (issue #9): the copy that came back missed a write,
# so while the only current copy is away every read and write fails with EIO, and every view says
# so; old bytes are never served. When the current copy returns, it wins and resyncs the other.
cluster pd create pd1
cluster pool create pd1/sp1 --copies 2 --shards 8
cluster sds add sds1 --pool pd1/sp1 --capacity 1G
cluster sds add sds2 --pool pd1/sp1 --capacity 1G
cluster sdc add h
vol create dv --type distributed --pool pd1/sp1 --size 8M
cluster map dv h
vol write dv 0 --data AAAA --sdc h
cluster sds fail sds2
vol write dv 0 --data BBBB --sdc h
cluster sds recover sds2
cluster sds fail sds1
vol read dv 0 4 --sdc h
vol write dv 0 --data CCCC --sdc h
vol list
cluster shard list --used
cluster locate dv
cluster health --detail
cluster alerts
cluster rebuild status
cluster scrub
# the MDM signs only what it would let through
cluster token issue dv write 99G 4K --sdc h
cluster token issue dv write 0 4K --sdc nobody
# a mapped volume is not deleted without --force
vol delete dv
cluster sds recover sds1
sleep 30s
vol read dv 0 4 --sdc h
cluster scrub
cluster health
vol list
