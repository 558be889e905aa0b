# Sourced by windows-test.sh: the installer under Wine, silently (/S).
# (No "| head": with pipefail a writer killed by SIGPIPE would fail the step.)
# Uses w, die, ROOT, VERSION, WINEPREFIX, WINE_HOME, PROFILE from windows-test.sh.

UNINST_KEY='Software\Microsoft\Windows\CurrentVersion\Uninstall\qlhoi'

# reg_value ROOT\KEY NAME prints a registry value ("" for the default), or nothing.
reg_value() {
	local out
	if [ -z "$2" ]; then
		out=$(w 60 reg query "$1" /ve 2>/dev/null) || return 0
	else
		out=$(w 60 reg query "$1" /v "$2" 2>/dev/null) || return 0
	fi
	printf '%s\n' "$out" | tr -d '\r' | sed -n 's/^ *[^ ].* REG_[A-Z_]* *//p' | awk 'NR == 1'
}
reg_exists() { w 60 reg query "$1" >/dev/null 2>&1; }
wait_wine() { HOME=$WINE_HOME timeout 180 wineserver -w || die "Wine processes still running after 3 minutes"; }

# has_version FILE: the exe's version resource holds ProductVersion = VERSION (UTF-16).
has_version() {
	perl -0777 -ne '
		BEGIN { ($k, $v) = map { join("\0", split(//)) . "\0" } "ProductVersion", $ENV{QLHOI_VERSION} }
		exit(/\Q$k\E(?:\0\0)+\Q$v\E/ ? 0 : 1)' "$1"
}

# install_check MODE ROOTKEY: a silent install in MODE (CurrentUser/AllUsers) put the
# files, shortcuts, uninstall entry and .qlb association where that mode puts them.
install_check() {
	local mode=$1 hk=$2 loc dir
	w 300 "$ROOT/bin/qlhoi-$VERSION-setup.exe" /S "/$mode" || die "silent install (/$mode) failed"
	wait_wine
	loc=$(reg_value "$hk\\$UNINST_KEY" InstallLocation)
	[ -n "$loc" ] || die "no uninstall entry in $hk after the /$mode install"
	[ "$(reg_value "$hk\\$UNINST_KEY" DisplayVersion)" = "$VERSION" ] || die "the uninstall entry's version is not $VERSION"
	dir=$(HOME=$WINE_HOME winepath -u "$loc" 2>/dev/null)
	echo "/$mode: installed in $loc"
	case "$mode:$loc" in
	CurrentUser:'C:\users\'*) ;;
	AllUsers:'C:\Program Files\'*) ;;
	*) die "/$mode installed in $loc" ;;
	esac
	cmp -s "$dir/qlhoi.exe" "$ROOT/bin/qlhoi.exe" || die "qlhoi.exe missing or different in $loc"
	[ -f "$dir/uninstall.exe" ] || die "no uninstall.exe in $loc"
	QLHOI_VERSION=$VERSION has_version "$dir/qlhoi.exe" || die "qlhoi.exe has no version resource $VERSION"
	local start desktop
	if [ "$mode" = CurrentUser ]; then
		start="$PROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/qlhoi.lnk"
		desktop="$PROFILE/Desktop/qlhoi.lnk"
	else
		start="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/qlhoi.lnk"
		desktop="$WINEPREFIX/drive_c/users/Public/Desktop/qlhoi.lnk"
	fi
	[ -f "$start" ] || die "no Start-menu shortcut ($start)"
	[ -f "$desktop" ] || die "no desktop shortcut ($desktop)"
	[ "$(reg_value "$hk\\Software\\Classes\\.qlb" "")" = qlhoi.bundle ] || die ".qlb is not associated with qlhoi.bundle in $hk"
	local cmd
	cmd=$(reg_value "$hk\\Software\\Classes\\qlhoi.bundle\\shell\\open\\command" "")
	[ "$cmd" = "\"$loc\\qlhoi.exe\" --import \"%1\"" ] || die "the .qlb open command is “$cmd”"
	# reg prints through the console code page; the hive file keeps the Unicode name.
	local hive=$WINEPREFIX/user.reg
	[ "$hk" = HKLM ] && hive=$WINEPREFIX/system.reg
	grep -aqF '"DisplayName"="qlhoi \x2013 Qu\x1ea3n l\xfd H\x1ed9i qu\x1ea7n ch\xfang"' "$hive" ||
		die "the uninstall entry's name is not “qlhoi – Quản lý Hội quần chúng”"
	echo "/$mode: files, version resource, shortcuts and .qlb association present"
	INST_DIR=$dir INST_START=$start INST_DESKTOP=$desktop
}

# uninstall_check MODE ROOTKEY [ARGS]: the uninstaller removed program, shortcuts, keys.
uninstall_check() {
	local mode=$1 hk=$2
	shift 2
	w 120 "$INST_DIR/uninstall.exe" /S "/$mode" "$@" || die "silent uninstall (/$mode) failed"
	wait_wine
	[ ! -e "$INST_DIR" ] || die "the program folder is still there after uninstalling: $(ls "$INST_DIR")"
	[ ! -e "$INST_START" ] && [ ! -e "$INST_DESKTOP" ] || die "a shortcut is still there after uninstalling"
	! reg_exists "$hk\\$UNINST_KEY" || die "the uninstall entry is still there"
	! reg_exists "$hk\\Software\\Classes\\qlhoi.bundle" || die "the qlhoi.bundle type is still there"
	! reg_exists "$hk\\Software\\Classes\\.qlb" || die "the .qlb association is still there"
	echo "/$mode: uninstalled $*"
}

# double_click: a .qlb opened the way Explorer does (ShellExecute through the association)
# starts the installed qlhoi on the user's database (%APPDATA%\qlhoi\qlhoi.db) straight
# into that bundle's import preview. Run after the all-users install: Wine 8 does not merge
# HKCU\Software\Classes into HKEY_CLASSES_ROOT as Windows does, so under Wine only the
# all-users association can be followed (the per-user one is checked key by key above).
double_click() {
	local shot=$ROOT/bin/windows-qlb-double-click.png
	HOME=$WINE_HOME timeout -k 10 120 wine start /unix "$(HOME=$WINE_HOME winepath -u "$BUNDLE_BACK")" >"$OUT/double-click.log" 2>&1 ||
		{ cat "$OUT/double-click.log"; die "opening the .qlb failed"; }
	wait_drawn "$OUT/double-click.log" "$shot"
	differs "$SHOT" "$shot" || die "double-clicking the bundle opened the overview, not the preview"
	# The preview is of that bundle: its sender and number, as the window logged them
	# (a plain backup as the user's database said "Có lỗi khi làm việc với cơ sở dữ
	# liệu" here: it has no secret keys to open the bundle with — ErrNoPrivateKeys).
	local log="$PROFILE/AppData/Roaming/qlhoi/qlhoi.log"
	for i in $(seq 1 30); do
		grep -q 'event="bundle previewed" sender=QT-DH seq=1' "$log" 2>/dev/null && break
		sleep 1
	done
	grep -q 'event="bundle previewed" sender=QT-DH seq=1' "$log" ||
		{ tail -20 "$log" 2>/dev/null; die "the double-clicked bundle's preview (sender QT-DH, bundle 1) is not what the window showed"; }
	pgrep -af -- '--import' | grep -F "$1\qlhoi.exe" >/dev/null ||
		{ pgrep -af -- '--import' || true; die "the qlhoi running is not $1\qlhoi.exe --import"; }
	HOME=$WINE_HOME timeout 30 wineserver -k || true
	echo "double-clicking the .qlb opened $1\qlhoi.exe on its preview: ${shot#"$ROOT"/}"
}

installer_test() {
	local data="$PROFILE/AppData/Roaming/qlhoi"
	# The user's data: the province's database itself (with its keys: a plain backup has
	# none, and cannot open a bundle) at the default place.
	mkdir -p "$data"
	cp "$UDOCS/tỉnh ủy.db" "$data/qlhoi.db"
	for side in -wal -shm; do
		[ ! -f "$UDOCS/tỉnh ủy.db$side" ] || cp "$UDOCS/tỉnh ủy.db$side" "$data/qlhoi.db$side"
	done
	install_check CurrentUser HKCU
	uninstall_check CurrentUser HKCU
	[ -f "$data/qlhoi.db" ] || die "uninstalling deleted the user's data"
	echo "the user's data is kept"
	install_check AllUsers HKLM
	! reg_exists 'HKCU\Software\Classes\qlhoi.bundle' || die "an all-users install wrote the per-user association"
	double_click 'C:\Program Files\qlhoi'
	uninstall_check AllUsers HKLM
	[ -f "$data/qlhoi.db" ] || die "uninstalling deleted the user's data"
	install_check CurrentUser HKCU
	uninstall_check CurrentUser HKCU /DELETEDATA
	[ ! -e "$data" ] || die "/DELETEDATA left the data folder"
	echo "/DELETEDATA removes the user's data"
}
