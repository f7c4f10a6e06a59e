import pwi_fixture_ext
import pwi_fixture_pure

print(pwi_fixture_pure.GREETING, pwi_fixture_ext.add(2, 3))
