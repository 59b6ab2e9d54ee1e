#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# udhcpc's script in the Linux test guest: applies the lease and reports it.
# shellcheck disable=SC2154 # ip, mask, router, serverid, interface: set by udhcpc
case $1 in
  bound|renew)
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "${router:-}" ] && ip route add default via "${router%% *}" dev "$interface"
    echo "DTPART-GUEST lease $ip from ${serverid:-?} router ${router:-?}" ;;
esac
exit 0
