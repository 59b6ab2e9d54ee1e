/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One entry point per subcommand; each returns 0 or a negative DTP_E* code
 * with the message in diag. */
#ifndef DTPART_COMMANDS_H
#define DTPART_COMMANDS_H

#include "session.h"

DTP_MUST_CHECK int dtp_cmd_list(struct dtp_session *s, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_cmd_show(struct dtp_session *s, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_cmd_passthrough(struct dtp_session *s, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_cmd_release(struct dtp_session *s, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_cmd_host(struct dtp_session *s, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_cmd_smmu(struct dtp_session *s, struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_cmd_check(struct dtp_session *s, struct dtp_diag *diag);

/* `dtpart complete boards|devices`: words for shell completion, one a line.
 * They read only: no session, no lock, the output directory untouched. */
DTP_MUST_CHECK int dtp_complete_boards(struct dtp_diag *diag);
DTP_MUST_CHECK int dtp_complete_devices(const struct dtp_options *o, struct dtp_diag *diag);

#endif
