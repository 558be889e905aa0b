# qlhoi — the two commands of the README: `make run` and `make test`.
# Each target installs the Debian/Ubuntu packages it needs when they are missing.

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
GO ?= go
DB ?= $(CURDIR)/.qlhoi/qlhoi.db
BENCH_DB ?= $(CURDIR)/.qlhoi/bench.db

# Packages to build Fyne (cgo, OpenGL, X11) and to run it.
GUI_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dri
# Packages the tests use: PDF tools, a virtual screen for the real window.
TEST_PKGS := $(GUI_PKGS) poppler-utils xvfb xauth xdotool imagemagick
WINDOWS_PKGS := gcc-mingw-w64-x86-64

# apt_install installs the packages of $(1) that dpkg does not know yet.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Cài đặt gói hệ thống / installing:$$missing"; \
		sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi
endef

.PHONY: run test bench screenshots windows deps-gui deps-test deps-windows qlhoictl qlhoi clean

deps-gui:
	$(call apt_install,$(GUI_PKGS))

deps-test:
	$(call apt_install,$(TEST_PKGS))

deps-windows:
	$(call apt_install,$(WINDOWS_PKGS))

qlhoictl:
	CGO_ENABLED=0 $(GO) build -o bin/qlhoictl ./cmd/qlhoictl

qlhoi: deps-gui
	$(GO) build -o bin/qlhoi ./cmd/qlhoi

# Builds and opens the application on its own local database (.qlhoi/qlhoi.db); the
# first start shows the set-up wizard, where "use the demo data" fills it.
run: qlhoi
	@mkdir -p $(dir $(DB))
	./bin/qlhoi --db $(DB)

# The full test suite: vet, every test, the pure-Go command-line build.
test: deps-test
	$(GO) vet ./...
	$(GO) test -count=1 ./...
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

# Cross-builds qlhoi.exe for Windows (GUI subsystem, with the icon). The icon goes in
# through a resource object (.syso) made by mingw's windres from an ICO that wraps the PNG.
WINRES := cmd/qlhoi/rsrc_windows_amd64.syso
windows: deps-windows
	@mkdir -p bin/winres
	perl -e 'my $$png = do { local $$/; open my $$f, "<:raw", $$ARGV[0] or die; <$$f> }; \
		binmode STDOUT; print pack("vvv", 0, 1, 1), pack("CCCCvvVV", 0, 0, 0, 0, 1, 32, length $$png, 22), $$png' \
		assets/icon.png > bin/winres/qlhoi.ico
	printf '1 ICON "qlhoi.ico"\n' > bin/winres/qlhoi.rc
	cd bin/winres && x86_64-w64-mingw32-windres -O coff -o ../../$(WINRES) qlhoi.rc
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		$(GO) build -ldflags "-H windowsgui" -o bin/qlhoi.exe ./cmd/qlhoi
	rm -f $(WINRES)
	@file bin/qlhoi.exe 2>/dev/null || ls -l bin/qlhoi.exe

clean:
	rm -rf bin
