# Bad input of every kind: one line each, the shell keeps going (run with --keep-going).
bogus
audit
audit frob
audit query --level loud
audit query --limit -3
sleep forever
tick 0
echo 'unterminated
audit filter del 7
audit compliance add x
audit compliance add bad/name --rule denies-recorded
load /nonexistent/snapshot.json
watch net
clock speed fast
echo still running
audit query --level error
