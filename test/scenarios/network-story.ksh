# Two networks, four interfaces on two VLANs, a ping across the bridge, the FDB learning,
# a cross-VLAN frame dropped, a router between the networks, a capture saved as pcap, stats.
net create lan --cidr 10.0.0.0/24
net create dmz --type bridged --cidr 192.168.122.0/24
net list
net if add lan web1 --vlan 10
net if add lan web2 --vlan 10
net if add lan db1 --vlan 20
net if add lan up0 --trunk 10,20 --pvid 10
net if add dmz proxy
net if add lan late
net ping web1 10.0.0.3
sleep 1s
net list
net vlan list lan
net leases lan
net capture start lan
net ping web1 10.0.0.3 -c 2
net fdb lan
net send web1 10.0.0.4 --vlan 20
net send web1 10.0.0.4
net ping web1 192.168.122.2 -c 1
net router create r1 --nets lan,dmz
net route
net ping web1 192.168.122.2 -c 2
net capture stop
net capture show
net capture save /tmp/kshell-network-story.pcap
net stats lan
sleep 300s
net fdb lan
net suspend lan
net ping web1 10.0.0.3
net fail dmz
status
net recover dmz
net delete dmz
net list
tick
net list
audit query --type network --level warning
