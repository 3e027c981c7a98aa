#!/bin/sh
# Playwright launches this as "chromium": Debian's chromium, started inside a lab LAN host's namespace, so the
# browser opens https://192.168.50.1 exactly as a LAN client opens its router.
exec ip netns exec "${LINTAS_E2E_LAN_NS:?set by global-setup}" /usr/bin/chromium "$@"
