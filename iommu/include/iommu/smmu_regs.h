/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MMU-500 / SMMUv2 register offsets and fields used by the model
 * (mmu500-gic400-facts.md part A). Offsets are from the page base. */
#ifndef IOMMU_SMMU_REGS_H
#define IOMMU_SMMU_REGS_H

/* Global register space 0 (page 0) */
#define SMMU_GR0_SCR0           0x000
#define SMMU_GR0_SACR           0x010
#define SMMU_GR0_IDR0           0x020
#define SMMU_GR0_IDR1           0x024
#define SMMU_GR0_IDR2           0x028
#define SMMU_GR0_IDR7           0x03c
#define SMMU_GR0_SGFSR          0x048
#define SMMU_GR0_STLBIALL       0x060
#define SMMU_GR0_TLBIVMID       0x064
#define SMMU_GR0_TLBIALLNSNH    0x068
#define SMMU_GR0_TLBIALLH       0x06c
#define SMMU_GR0_STLBGSYNC      0x070
#define SMMU_GR0_STLBGSTATUS    0x074
#define SMMU_GR0_SMR(n)         (0x800 + 4 * (n))
#define SMMU_GR0_S2CR(n)        (0xc00 + 4 * (n))

/* sCR0 */
#define SCR0_CLIENTPD           (1u << 0)
#define SCR0_GFRE               (1u << 1)
#define SCR0_GFIE               (1u << 2)
#define SCR0_GCFGFRE            (1u << 4)
#define SCR0_GCFGFIE            (1u << 5)
#define SCR0_STALLD             (1u << 8)
#define SCR0_GSE                (1u << 9)
#define SCR0_USFCFG             (1u << 10)
#define SCR0_VMIDPNE            (1u << 11)
#define SCR0_PTM                (1u << 12)
#define SCR0_FB                 (1u << 13)
#define SCR0_BSU_MASK           (3u << 14)
#define SCR0_SMCFCFG            (1u << 21)
/* Read-only on MMU-500: a read-back keeps their reset value. */
#define SCR0_RO_MASK            (SCR0_GCFGFRE | SCR0_GCFGFIE | SCR0_STALLD | SCR0_GSE | SCR0_SMCFCFG)

/* IDR0 / IDR1 */
#define IDR0_NUMSMRG(v)         ((v) & 0xffu)
#define IDR0_NUMSIDB(v)         (((v) >> 9) & 0xfu)
#define IDR0_SMS                (1u << 27)
#define IDR1_NUMCB(v)           ((v) & 0xffu)
#define IDR1_NUMPAGENDXB(v)     (((v) >> 28) & 0x7u)
#define IDR1_PAGESIZE           (1u << 31)
#define IDR2_OAS(v)             (((v) >> 4) & 0xfu)

/* SMR: ID 14:0, MASK 30:16, VALID 31 */
#define SMR_ID_MASK             0x7fffu
#define SMR_MASK_SHIFT          16
#define SMR_VALID               (1u << 31)
#define SMR_RW_MASK             (SMR_VALID | (SMR_ID_MASK << SMR_MASK_SHIFT) | SMR_ID_MASK)

/* S2CR: CBNDX 7:0, TYPE 17:16, PRIVCFG 25:24 */
#define S2CR_CBNDX_MASK         0xffu
#define S2CR_TYPE_SHIFT         16
#define S2CR_TYPE_MASK          (3u << S2CR_TYPE_SHIFT)
#define S2CR_RESET              0x00020000u     /* TYPE = fault */

/* Global register space 1 (page 1) */
#define SMMU_GR1_CBAR(n)        (0x000 + 4 * (n))
#define SMMU_GR1_CBFRSYNRA(n)   (0x400 + 4 * (n))
#define SMMU_GR1_CBA2R(n)       (0x800 + 4 * (n))
#define CBAR_VMID_MASK          0xffu
#define CBAR_TYPE_SHIFT         16
#define CBAR_TYPE_MASK          (3u << CBAR_TYPE_SHIFT)
#define CBAR_TYPE_S2_TRANS      (0u << CBAR_TYPE_SHIFT)
#define CBAR_RESET              0x00020000u
#define CBA2R_VA64              (1u << 0)

/* Context bank (one page each, after NUMPAGE global pages) */
#define SMMU_CB_SCTLR           0x000
#define SMMU_CB_ACTLR           0x004
#define SMMU_CB_TCR2            0x010
#define SMMU_CB_TTBR0_LO        0x020
#define SMMU_CB_TTBR0_HI        0x024
#define SMMU_CB_TCR             0x030
#define SMMU_CB_FSR             0x058
#define SCTLR_M                 (1u << 0)
#define SCTLR_TRE               (1u << 1)
#define SCTLR_AFE               (1u << 2)
#define SCTLR_CFRE              (1u << 5)
#define SCTLR_CFIE              (1u << 6)
#define SCTLR_CFCFG             (1u << 7)
#define SCTLR_XEN_S2            (SCTLR_CFIE | SCTLR_CFRE | SCTLR_AFE | SCTLR_TRE | SCTLR_M) /* 0x67 */
#define FSR_FAULT               0xc00001feu
#define TCR_T0SZ(v)             ((v) & 0x3fu)
#define TCR_SL0(v)              (((v) & 3u) << 6)
#define TCR_IRGN0_WBWA          (1u << 8)
#define TCR_ORGN0_WBWA          (1u << 10)
#define TCR_SH0_IS              (3u << 12)
#define TCR_TG0_4K              (0u << 14)
#define TCR_PS(v)               (((v) & 7u) << 16)
#define TCR_RES1                (1u << 31)

#endif
