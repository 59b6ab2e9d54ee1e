# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh disable=SC2034 # the QEMU_* results are read by the runner that sources this
# Shell functions for booting Xen under QEMU's ZCU102 model; sourced by the
# e2e runners (run-e2e.sh, run-xl.sh, run-linux.sh), not run by itself.
#
#   qemu_start DIR XEN DTB [QEMU-ARGS...]
#       starts QEMU in the background with serial0 (Xen's console) to
#       DIR/console.log and serial1 (UART1, the passed-through one) to
#       DIR/uart1.log; sets QEMU_PID and QEMU_T0 (ms). GEM3 (/axi/ethernet@ff0e0000)
#       is on QEMU's user network (slirp: DHCP gives 10.0.2.15, the gateway
#       10.0.2.2 answers ping); QEMU 7.2's xlnx-zcu102 wires the n-th -nic to
#       GEM n-1, so GEM0..2 get one each first, with no guest using them.
#   qemu_wait_markers DIR TIMEOUT-S PATTERN...
#       polls the logs until every PATTERN ("console:text" or "uart1:text",
#       fixed strings) is seen; gives up early when Xen panics, QEMU exits,
#       or every guest printing to a log named in the patterns has printed
#       its last line (DTPART-GUEST DONE) without the markers; at the latest
#       after TIMEOUT-S. Sets QEMU_MISSING (empty on success).
#   qemu_stop
#       kills QEMU and sets QEMU_SECS to the boot's wall time (s, 0.1 s).
#   qemu_linux_tree OUT [DTC-FLAGS...]
#       the QEMU board's tree as a kernel build ships it, into OUT: compiled
#       (with DTC-FLAGS, e.g. -@ for labels) and without /chosen, so nothing
#       Xen needs is in it; on failure prints why and returns 1.
#   qemu_line LOG ROOT
#       the QEMU arguments `dtpart host` printed in LOG ("qemu (from that
#       directory): -kernel XEN -dtb TREE \ -device loader,... \ ..."), with
#       the files' paths made absolute (under the boot directory ROOT), one
#       word per line.
#
# The patterns name files rather than guests because a guest with a UART
# prints there and one without prints through Xen's console as "(dN) ...".

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ms_to_s MS: "12.3"
ms_to_s() { printf '%d.%d' $(( $1 / 1000 )) $(( $1 % 1000 / 100 )); }

qemu_start() {
  qs_dir=$1; qs_xen=$2; qs_dtb=$3; shift 3
  rm -f "$qs_dir/console.log" "$qs_dir/uart1.log"
  QEMU_T0=$(now_ms)
  qemu-system-aarch64 -M xlnx-zcu102,virtualization=on,secure=off -m 2G \
    -kernel "$qs_xen" -dtb "$qs_dtb" "$@" -display none -monitor none -no-reboot \
    -nic user,model=cadence_gem -nic user,model=cadence_gem -nic user,model=cadence_gem \
    -nic user,model=cadence_gem \
    -serial "file:$qs_dir/console.log" -serial "file:$qs_dir/uart1.log" \
    > "$qs_dir/qemu.log" 2>&1 &
  QEMU_PID=$!
}

# qemu_missing DIR PATTERN...: prints the patterns not yet in the logs.
qemu_missing() {
  qm_dir=$1; shift
  for qm_pat in "$@"; do
    grep -qF -- "${qm_pat#*:}" "$qm_dir/${qm_pat%%:*}.log" 2>/dev/null || printf ' [%s]' "$qm_pat"
  done
}

# qemu_guests_done DIR PATTERN...: true when each log named in the patterns
# holds a guest's final line; Xen's console counts only with a "(dN)" prefix.
qemu_guests_done() {
  qd_dir=$1; shift
  for qd_pat in "$@"; do
    case ${qd_pat%%:*} in
      console) grep -qE '^\(d[0-9]+\) .*DTPART-GUEST DONE' "$qd_dir/console.log" 2>/dev/null || return 1 ;;
      *) grep -qF 'DTPART-GUEST DONE' "$qd_dir/${qd_pat%%:*}.log" 2>/dev/null || return 1 ;;
    esac
  done
}

qemu_wait_markers() {
  qw_dir=$1; qw_limit=$(( $2 * 1000 )); shift 2
  while :; do
    QEMU_MISSING=$(qemu_missing "$qw_dir" "$@")
    [ -z "$QEMU_MISSING" ] && return 0
    # Xen's panic text follows its "Panic on CPU" line: give it time to land.
    grep -q 'Panic on CPU' "$qw_dir/console.log" 2>/dev/null && { sleep 0.5; break; }
    kill -0 "$QEMU_PID" 2>/dev/null || break
    qemu_guests_done "$qw_dir" "$@" && break
    [ $(( $(now_ms) - QEMU_T0 )) -ge "$qw_limit" ] && break
    sleep 0.2
  done
  # A last look: the marker may have landed after the poll above.
  QEMU_MISSING=$(qemu_missing "$qw_dir" "$@")
}

qemu_stop() {
  kill "$QEMU_PID" 2>/dev/null
  wait "$QEMU_PID" 2>/dev/null
  QEMU_SECS=$(ms_to_s $(( $(now_ms) - QEMU_T0 )))
}

qemu_linux_tree() {
  out=$1; shift
  if ! "${DTC:-dtc}" -q "$@" -I dts -O dtb -o "$out" boards/zcu102/zcu102-qemu.dts || ! fdtput -r "$out" /chosen; then
    echo "cannot compile boards/zcu102/zcu102-qemu.dts without its /chosen"; return 1
  fi
  if fdtget -l "$out" / | grep -qx chosen; then echo "$out still has a /chosen"; return 1; fi
}

qemu_line() {
  sed -n '/^  qemu (from that directory):/,/[^\\]$/p' "$1" | sed 's/^  qemu (from that directory)://; s/\\$//' |
    tr ' ' '\n' | sed '/^$/d' |
    awk -v r="$2" '/^-/ { print; next } /^loader,/ { sub(/file=/, "file=" r "/"); print; next } { print r "/" $0 }'
}
