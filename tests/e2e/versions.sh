# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# The Xen versions the real-Xen suites boot and where Debian ships each;
# sourced by fetch-xen.sh and the runners, not run by itself.
#
#   E2E_XEN_VERSIONS   the versions to run every case on, "4.17 4.20" by
#                      default (set it to one of them to run one version)
#   xen_suite V        the Debian suite with Xen V's arm64 packages
#   xen_dom0_packages V
#                      the packages that make dom0's toolstack for Xen V (xl
#                      and xenstored with their libraries and loader)
E2E_XEN_VERSIONS=${E2E_XEN_VERSIONS:-4.17 4.20}

xen_suite() {
  case $1 in
    4.17) echo bookworm ;;  # Debian 12
    4.20) echo trixie ;;    # Debian 13
    *) echo "e2e: no Debian suite known for Xen $1 (known: 4.17, 4.20)" >&2; return 1 ;;
  esac
}

xen_dom0_packages() {
  # The same library sonames in both suites, save libxenmisc (4.20's also
  # links libext2fs, but only for pygrub's fsimage plugin, unused here);
  # libgcc-s1 is in no NEEDED list, but xl aborts without it (pthread_cancel).
  echo "busybox-static xen-utils-$1 libxenmisc$1 libxenstore4 libxencall1 libxenevtchn1
    libxenforeignmemory1 libxengnttab1 libxentoollog1 libxentoolcore1 libxenhypfs1
    libxendevicemodel1 xen-utils-common xenstore-utils libc6 libgcc-s1 libyajl2 libfdt1
    libuuid1 zlib1g"
}
