# Pods, the whole story (issue 16): a distributed store of three storage nodes, two worker nodes
# each with its storage client, an overlay network spanning them, a distributed volume; a pod of
# two containers (a web server writing to the volume at /data, a logging sidecar) and a second
# pod that pings the first across the network. Then a storage node fails (the volume keeps
# serving from the surviving copies) and the worker node running the web pod fails: the pod goes
# Unknown, is rescheduled on the other node after the grace period, mounts the volume there, and
# its data is intact. Every step is one story in the audit trail. Then mistakes, one line each.
cluster pd create pd1
cluster pool create pd1/sp1 --copies 2 --shards 8
cluster sds add sds1 --pool pd1/sp1 --capacity 1G
cluster sds add sds2 --pool pd1/sp1 --capacity 1G
cluster sds add sds3 --pool pd1/sp1 --capacity 1G
cluster sdc add w1
cluster sdc add w2
vol create shared --type distributed --pool pd1/sp1 --size 8M
net create podnet --type overlay --cidr 10.1.0.0/24
node add w1 --cpu 4 --mem 8G
node add w2 --cpu 4 --mem 8G
node list
image pull nginx
image pull busybox
pod apply -f test/scenarios/pods/web.yaml
pod apply -f test/scenarios/pods/client.yaml
pod list -o wide
sleep 10s
pod list -o wide
node list
pod show web
ctr list
pod logs web -c sidecar
pod logs web
net if list podnet
ctr exec client-main ping 10.1.0.2
vol read shared 0 64                 # web-app's writes to /data, landed through w1's storage client
cluster sds fail sds1
sleep 35s
vol read shared 0 64                 # still served, from the surviving copies
vol read shared 1M 32                # written at about T+16s
node fail w1
sleep 1s
pod list -o wide
sleep 5m
pod list -o wide
pod show web
node show w2
ctr exec client-main ping -c 1 10.1.0.2    # web came back with a new MAC; its gratuitous ARP told client
vol read shared 1M 32                # intact: the same bytes, now mounted through w2's client
audit query --id 15 --limit 40       # the story of pod apply -f web.yaml
pod apply -f test/scenarios/pods/web.yaml
pod apply -f test/scenarios/pods/broken.yaml
pod apply -f test/scenarios/pods/typo.yaml
pod logs nowhere
node add w3 --cpu many --mem 8G
pod delete client
pod list
