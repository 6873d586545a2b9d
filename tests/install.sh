# make install and make uninstall, into a scratch DESTDIR.
. "$(dirname "$0")/lib.sh"
TOP=$TESTS/..

t 'make install puts programs and pages under DESTDIR' 0 "make -s -C '$TOP' install DESTDIR='$W/root' PREFIX=/usr >/dev/null && cd root && find . -type f | sort && ./usr/bin/iqcat --version" <<'OUT'
./usr/bin/iqcat
./usr/bin/iqfmt
./usr/bin/iqgrep
./usr/bin/iqpick
./usr/bin/iqquiz
./usr/share/man/man1/iqcat.1
./usr/share/man/man1/iqfmt.1
./usr/share/man/man1/iqgrep.1
./usr/share/man/man1/iqpick.1
./usr/share/man/man1/iqquiz.1
./usr/share/man/man7/iqtools.7
iqcat (iqtools) 0.1.0
OUT

t 'the installed iqcat works from anywhere' 0 "cd / && '$W/root/usr/bin/iqcat' | wc -l" <<'OUT'
58
OUT

t 'make uninstall removes them all' 0 "make -s -C '$TOP' uninstall DESTDIR='$W/root' PREFIX=/usr >/dev/null && find root -type f | wc -l" <<'OUT'
0
OUT
