# Root creates alice without CAP_AUDIT_CONTROL; alice is refused, the denial is in the trail,
# and sec why explains it. (Networks arrive in a later issue; audit filters need a capability too.)
user add alice --caps CAP_AUDIT_READ --password wonderland
id alice
su alice
whoami
audit filter add --effect drop --max-level debug
sec caps alice +CAP_AUDIT_CONTROL
audit query --type security --level warning
exit
audit query --type security --level warning
sec why alice audit.filter.add
sec caps alice +CAP_AUDIT_CONTROL
sec why alice audit.filter.add
# a policy rule can still say no (deny-overrides), and DAC keeps alice off root's filters
sec rule add --effect deny --user alice --object 'audit:filter*' --action 'audit.filter.*' --priority 5
sec rule add --effect allow --action 'audit.filter.*'
sec conflicts
su alice --password wonderland
audit filter add --effect alert --level error
exit
sec why alice audit.filter.add audit/filter
sec rule del 1
sec rule del 2
audit filter add --effect drop --max-level debug
su alice
su root
su root --password guess
audit filter add --effect alert --level error
audit filter list
audit filter del 1
audit filter del 2
exit
sec why alice audit.filter.del audit/filter/1
su bob
audit query --type security --level warning
audit verify
