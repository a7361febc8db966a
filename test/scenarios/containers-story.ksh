# Containers, as a new user meets them: pull nginx and run it with a liveness probe and a memory
# limit; a leaking container OOMKilled at its limit and restarted with back-off (10 s, 20 s, 40 s);
# a liveness probe on a port nothing serves restarts its container until on-failure:2 gives up;
# a CPU hog throttled; stats, logs, exec, events and the audit trail; then wrong input, each
# refused in one line.
image pull nginx
image pull busybox
ctr run nginx --name web --mem 64M --cpu 500m --liveness "http 80 /healthz period=5s failure=3"
ctr run busybox --name leaky --cmd "leak 8M/s; log allocating every 1s" --mem 32M --restart always
ctr run nginx --name sick --liveness http:8080/,period=5s,failure=2 --restart on-failure:2
ctr create busybox --name hog --cmd "cpu 2" --cpu 500m
ctr list -a
ctr start hog
sleep 5s                     # leaky reaches 32M after 4 s: OOMKilled (137), back-off 10 s
ctr list
ctr show leaky
sleep 15s                    # started again at 14 s, OOMKilled at 18 s, back-off 20 s
ctr list
sleep 25s                    # back-off 40 s; sick failed its probe twice, twice: restarted
ctr show sick
ctr events leaky
audit query --type container --level warning --limit 8
ctr stats
ctr show hog
ctr logs leaky --tail 3 -t
ctr exec web ps
ctr exec web hostname
ctr exec web cat /proc/self/ns
ctr exec web curl localhost:80
ctr inspect web
ctr stop web --time 5s
ctr stop web                 # refused: it is Stopping
sleep 5s
ctr stop web                 # refused: it is Stopped
ctr rm leaky                 # refused while it restarts
ctr rm leaky --force
sleep 2m                     # sick: on-failure:2 gives up after its second restart
ctr list -a
ctr show nope
ctr run nginx --name bad --mem lots
ctr run nginx --name bad --cpu 0
ctr run nginx --name bad --restart sometimes
ctr run nginx --name bad --liveness "grpc 80"
ctr run nosuch --name bad
ctr run nginx --name web
image rm nginx
audit query --type container --limit 10
status
