# Simulated time moves only with sleep and tick in a script.
clock
sleep 1.5s
tick
tick 10
sleep 2m
clock
clock --json
audit query --action 'kernel.*' --since 1m
