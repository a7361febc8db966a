# The storage story: create, write, snapshot, overwrite, read both, restore, replicate, stats.
vol create db --size 4M
vol write db 4096 --data hello
vol read db 4096 5
vol read db 4090 16 --hex
vol snap create db before
vol write db 4096 --data HELLO
vol read db 4096 5
vol read db@before 4096 5
vol snap list db
vol snap restore db before
vol read db 4096 5
vol snap create db after-restore
vol snap list db --tree
vol write db 1M --pattern 0x5a --len 128K
vol create replica --size 4M --tier hdd
vol replicate start db replica --bw 512K
vol replicate status
sleep 2s
vol replicate status
sleep 8s
vol replicate status
vol read replica 4096 5
vol read replica 1M 16 --hex
vol write replica 0 --data nope
vol qos db --iops 5
vol write db 0 --pattern 1 --len 4K
vol write db 0 --pattern 2 --len 4K
vol write db 0 --pattern 3 --len 4K
vol write db 0 --pattern 4 --len 4K
vol write db 0 --pattern 5 --len 4K
vol write db 0 --pattern 6 --len 4K
vol stats
vol show db
vol list
vol resize db 1M
vol delete db
vol delete db --force
audit query --type storage --level info --limit 8
