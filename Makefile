# qlhoi — the two commands of the README: `make run` and `make test`.
# Each target installs the Debian/Ubuntu packages it needs when they are missing.

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
GO ?= go
DB ?= $(CURDIR)/.qlhoi/qlhoi.db
BENCH_DB ?= $(CURDIR)/.qlhoi/bench.db

# Packages to build Fyne (cgo, OpenGL, X11) and to run it; zenity gives the window
# the desktop's own file chooser (a path box, the desktop's language).
GUI_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dri zenity
# Packages the tests use: PDF tools, a virtual screen for the real window.
TEST_PKGS := $(GUI_PKGS) poppler-utils xvfb xauth xdotool imagemagick softhsm2 libnss3-tools
WINDOWS_PKGS := gcc-mingw-w64-x86-64
# Running Windows builds under Wine with a virtual screen, and making the installer.
WINE_PKGS := $(WINDOWS_PKGS) wine wine64 fonts-dejavu-core xvfb xauth xdotool imagemagick poppler-utils
INSTALLER_PKGS := nsis zip
# The window is built without Fyne's colour-emoji font (tag no_emoji): an office
# window shows no emoji, and each text style parsed it again (15 MB of private memory
# at start, bench/startup.sh); a rare symbol comes from the system's fonts.
QLHOI_TAGS := no_emoji
# The version: one place, assets/VERSION (the app embeds the same file).
VERSION := $(shell tr -d ' \r\n' < assets/VERSION)

# apt_install installs the packages of $(1) that dpkg does not know yet (three tries, as
# another apt may hold the lock for a while).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Cài đặt gói hệ thống / installing:$$missing"; \
		sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
		for try in 1 2 3; do \
			$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
				-o DPkg::Lock::Timeout=300 $$missing && exit 0; \
			echo "apt failed (try $$try of 3)"; sleep 20; \
		done; exit 1; \
	fi
endef

.PHONY: run test bench screenshots windows windows-test installer portable deps-gui deps-test deps-windows \
	deps-wine deps-installer qlhoictl qlhoi clean

deps-gui:
	$(call apt_install,$(GUI_PKGS))

deps-test:
	$(call apt_install,$(TEST_PKGS))

deps-windows:
	$(call apt_install,$(WINDOWS_PKGS))

deps-wine:
	$(call apt_install,$(WINE_PKGS))

deps-installer:
	$(call apt_install,$(INSTALLER_PKGS))

qlhoictl:
	CGO_ENABLED=0 $(GO) build -o bin/qlhoictl ./cmd/qlhoictl

qlhoi: deps-gui
	$(GO) build -tags $(QLHOI_TAGS) -o bin/qlhoi ./cmd/qlhoi

# Builds and opens the application on its own local database (.qlhoi/qlhoi.db); the
# first start shows the set-up wizard, where "use the demo data" fills it.
run: qlhoi
	@mkdir -p $(dir $(DB))
	./bin/qlhoi --db $(DB)

# The full test suite: vet, every test, the pure-Go command-line build.
test: deps-test
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	QLHOI_TEST_DIALOGS=1 xvfb-run -a $(GO) test -count=1 -run TestSystemDialogs ./app/native/
	$(GO) test -run '^$$' -fuzz FuzzMerge -fuzztime 20s ./data/exchange/
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/qlhoictl

# Benchmarks on a generated 20,000-association / 200,000-task database.
bench: qlhoictl
	@mkdir -p $(dir $(BENCH_DB))
	@[ -f $(BENCH_DB) ] || ./bin/qlhoictl --db $(BENCH_DB) gen --associations 20000 --tasks 200000
	QLHOI_BENCH_DB=$(BENCH_DB) $(GO) test -run '^$$' -bench . -benchmem ./...
	$(MAKE) qlhoi
	./bench/startup.sh $(BENCH_DB)

# Screenshots of every screen, of the real window under Xvfb, into docs/screenshots/.
screenshots: qlhoi deps-test qlhoictl
	./docs/screenshots.sh

# Cross-builds qlhoi.exe for Windows (GUI subsystem, with the icon and the version in
# Properties → Details). Icon and version go in through a resource object (.syso) made by
# mingw's windres from cmd/qlhoi/windows/qlhoi.rc.in and an ICO that wraps the PNG.
WINRES := cmd/qlhoi/rsrc_windows_amd64.syso
comma := ,
VERSION_COMMA := $(subst .,$(comma),$(VERSION)),0
windows: deps-windows
	@mkdir -p bin/winres
	perl -e 'my $$png = do { local $$/; open my $$f, "<:raw", $$ARGV[0] or die; <$$f> }; \
		binmode STDOUT; print pack("vvv", 0, 1, 1), pack("CCCCvvVV", 0, 0, 0, 0, 1, 32, length $$png, 22), $$png' \
		assets/icon.png > bin/winres/qlhoi.ico
	sed -e 's/@VERSION@/$(VERSION)/g' -e 's/@VERSION_COMMA@/$(VERSION_COMMA)/g' cmd/qlhoi/windows/qlhoi.rc.in > bin/winres/qlhoi.rc
	cd bin/winres && x86_64-w64-mingw32-windres -O coff -o ../../$(WINRES) qlhoi.rc
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		nice $(GO) build -tags $(QLHOI_TAGS) -ldflags "-H windowsgui" -o bin/qlhoi.exe ./cmd/qlhoi; \
		rc=$$?; rm -f $(WINRES); exit $$rc
	@file bin/qlhoi.exe 2>/dev/null || ls -l bin/qlhoi.exe

bin/qlhoi.exe:
	$(MAKE) windows

# bin/qlhoi-VERSION-setup.exe: per-user NSIS installer (see cmd/qlhoi/windows/qlhoi.nsi).
SETUP := bin/qlhoi-$(VERSION)-setup.exe
installer: deps-installer $(SETUP)
	@ls -l $(SETUP)

# The README for Windows: UTF-8 with a byte-order mark and CRLF, as Notepad likes it.
bin/winres/README.txt: cmd/qlhoi/windows/README-windows.txt
	@mkdir -p bin/winres
	{ printf '\357\273\277'; sed 's/$$/\r/' $<; } > $@

$(SETUP): bin/qlhoi.exe cmd/qlhoi/windows/qlhoi.nsi bin/winres/README.txt assets/VERSION
	nice makensis -V2 -DVERSION=$(VERSION) -DROOT=$(CURDIR) -DOUTFILE=$(CURDIR)/$@ cmd/qlhoi/windows/qlhoi.nsi

# bin/qlhoi-VERSION-portable.zip: the exe and a README, for offices that may not install.
portable: deps-installer bin/qlhoi.exe bin/winres/README.txt
	rm -rf bin/portable && mkdir -p bin/portable/qlhoi-$(VERSION)
	cp bin/qlhoi.exe bin/portable/qlhoi-$(VERSION)/
	cp bin/winres/README.txt bin/portable/qlhoi-$(VERSION)/README.txt
	rm -f bin/qlhoi-$(VERSION)-portable.zip
	cd bin/portable && zip -q -9 -r ../qlhoi-$(VERSION)-portable.zip qlhoi-$(VERSION)
	@ls -l bin/qlhoi-$(VERSION)-portable.zip

# Windows tested under Wine + Xvfb: Go tests, qlhoictl.exe end to end, the window, the
# installer (.ci/windows/windows-test.sh). Builds what is missing first.
windows-test: deps-wine bin/qlhoi.exe installer
	@mkdir -p bin/windows-test
	x86_64-w64-mingw32-gcc -O2 -shared -s -o bin/windows-test/bcryptprimitives.dll \
		.ci/windows/bcryptprimitives.c -ladvapi32
	GO=$(GO) ./.ci/windows/windows-test.sh

clean:
	rm -rf bin
