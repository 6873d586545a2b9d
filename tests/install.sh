# make install and make uninstall, into a scratch DESTDIR.
. "$(dirname "$0")/lib.sh"
TOP=$TESTS/..

t 'make install puts programs and pages under DESTDIR' 0 "MAKEFLAGS= make -s -C '$TOP' install DESTDIR='$W/root' PREFIX=/usr >/dev/null && cd root && find . -type f | sort && ./usr/bin/iqcat --version" <<'OUT'
./usr/bin/iqcat
./usr/bin/iqdue
./usr/bin/iqfmt
./usr/bin/iqgrep
./usr/bin/iqpick
./usr/bin/iqquiz
./usr/share/bash-completion/completions/iqcat
./usr/share/fish/vendor_completions.d/iqcat.fish
./usr/share/fish/vendor_completions.d/iqdue.fish
./usr/share/fish/vendor_completions.d/iqfmt.fish
./usr/share/fish/vendor_completions.d/iqgrep.fish
./usr/share/fish/vendor_completions.d/iqpick.fish
./usr/share/fish/vendor_completions.d/iqquiz.fish
./usr/share/man/man1/iqcat.1
./usr/share/man/man1/iqdue.1
./usr/share/man/man1/iqfmt.1
./usr/share/man/man1/iqgrep.1
./usr/share/man/man1/iqpick.1
./usr/share/man/man1/iqquiz.1
./usr/share/man/man7/iqtools.7
./usr/share/zsh/vendor-completions/_iqtools
iqcat (iqtools) 0.1.0
OUT

t 'bash completion: the other programs link to iqcat' 0 "cd root/usr/share/bash-completion/completions && find . -type l | sort | while read -r l; do echo \"\$l -> \$(readlink \$l)\"; done" <<'OUT'
./iqdue -> iqcat
./iqfmt -> iqcat
./iqgrep -> iqcat
./iqpick -> iqcat
./iqquiz -> iqcat
OUT

if [ -r /usr/share/bash-completion/bash_completion ] && command -v bash >/dev/null; then
	t 'bash-completion loads the installed completion by name' 0 "PATH='$W/root/usr/bin':\$PATH XDG_DATA_DIRS='$W/root/usr/share' bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion; _completion_loader iqgrep; complete -p iqgrep'" '' <<'OUT'
complete -F _iqtools iqgrep
OUT
else
	skip 'bash-completion loads the installed completion by name' 'bash-completion is not installed'
fi

if command -v fish >/dev/null; then
	t 'fish reads the installed completion when XDG_DATA_DIRS names PREFIX/share' 0 "mkdir -p home && PATH='$W/root/usr/bin':\$PATH HOME='$W/home' XDG_CONFIG_HOME='$W/home' XDG_DATA_DIRS='$W/root/usr/share' fish -c 'complete -C\"iqfmt -t su\"; complete -C\"iqgrep -s 大模型开\"'" '' <<'OUT'
summary	the output format
大模型开源框架	a pattern for a heading or section
OUT
else
	skip 'fish reads the installed completion when XDG_DATA_DIRS names PREFIX/share' 'fish is not installed'
fi

t 'zsh: site-functions when PREFIX is not /usr' 0 "MAKEFLAGS= make -s -C '$TOP' install DESTDIR='$W/opt' PREFIX=/opt/iq >/dev/null && cd opt && find . -name _iqtools && MAKEFLAGS= make -s -C '$TOP' uninstall DESTDIR='$W/opt' PREFIX=/opt/iq >/dev/null && find . -type f -o -type l | wc -l" <<'OUT'
./opt/iq/share/zsh/site-functions/_iqtools
0
OUT

t 'the installed iqcat works from anywhere' 0 "cd / && '$W/root/usr/bin/iqcat' | wc -l" <<'OUT'
58
OUT

t 'make uninstall removes them all' 0 "MAKEFLAGS= make -s -C '$TOP' uninstall DESTDIR='$W/root' PREFIX=/usr >/dev/null && find root -type f -o -type l | wc -l" <<'OUT'
0
OUT
