# The audit trail as a new user meets it: commands leave entries, filters shape them,
# compliance judges them, verify checks the chain.
status
sleep 10s
tick 5
audit query
audit filter add --effect drop --max-level debug
audit filter add --effect alert --level error
status
audit ack 1
audit query --level warning
audit query --alerts
audit compliance add denies --rule denies-recorded
audit compliance add oncall --rule critical-acked --max-age 1h
audit compliance add exports --rule exported-before-wrap
audit compliance report
audit filter list
audit stats
audit verify
