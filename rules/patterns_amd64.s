//go:build !purego

#include "textflag.h"

// BYTE32 puts the byte b into every byte of y, through AX and X0.
#define BYTE32(b, y) \
	MOVL $b, AX; \
	MOVQ AX, X0; \
	VPBROADCASTB X0, y

// func patternsAVX2(src []byte, quietTo int) (block int, cudo, ck uint32, word bool, checked int)
//
// The one pass of scanPatterns: each block of 32 starts is tested for
// "cudo" in any case, for "ck_", and, from quietTo on, for being a window
// of 32 bytes in ['%', 0x7f] (what every word byte is). It returns at the
// first block where one holds: its offset, a bit for each start of
// "cudo" and of "ck_", and whether it is such a window. It stops with
// fewer than 35 bytes left (block -1): checked is where, every start
// and window before it tested.
//
// The pairs "ud" and "k_" (rare) are tested first, on two loads; the
// first and last letters only in a block where a pair is. The window is
// tested on a third load, with a signed compare: bytes from 0x80 are
// negative.
TEXT ·patternsAVX2(SB), NOSPLIT, $0-64
	MOVQ src_base+0(FP), SI
	MOVQ src_len+8(FP), BX
	MOVQ quietTo+24(FP), R11
	MOVQ SI, DI
	ADDQ SI, R11 // windows that start before R11 are not tested

	BYTE32(0x20, Y9) // the fold: letters to lowercase
	BYTE32('c', Y5)
	BYTE32('u', Y6)
	BYTE32('d', Y7)
	BYTE32('o', Y8)
	BYTE32('k', Y10)
	BYTE32('_', Y11)
	BYTE32('$', Y12) // the byte below '%'

	// A block at SI reads up to SI+34: the last may start at src+len-35.
	SUBQ $35, BX
	JL   none
	LEAQ (SI)(BX*1), R8

loop:
	CMPQ SI, R8
	JA   none
	VMOVDQU   1(SI), Y2
	VMOVDQU   2(SI), Y3
	VPOR      Y9, Y2, Y13
	VPOR      Y9, Y3, Y14
	VPCMPEQB  Y6, Y13, Y13
	VPCMPEQB  Y7, Y14, Y14
	VPAND     Y14, Y13, Y13 // "ud", any case, at 1 and 2
	VPCMPEQB  Y10, Y2, Y2
	VPCMPEQB  Y11, Y3, Y3
	VPAND     Y3, Y2, Y2    // "k_" at 1 and 2
	VPOR      Y2, Y13, Y3
	VPMOVMSKB Y3, AX
	TESTL     AX, AX
	JNZ       check
	CMPQ      SI, R11
	JB        next
	VMOVDQU   (SI), Y1
	VPCMPGTB  Y12, Y1, Y1
	VPMOVMSKB Y1, CX
	CMPL      CX, $0xffffffff
	JEQ       window

next:
	ADDQ $32, SI
	JMP  loop

check:
	VMOVDQU   (SI), Y1
	VMOVDQU   3(SI), Y4
	VPOR      Y9, Y1, Y0
	VPCMPEQB  Y5, Y0, Y0    // c, any case, at 0
	VPOR      Y9, Y4, Y4
	VPCMPEQB  Y8, Y4, Y4    // o, any case, at 3
	VPAND     Y4, Y0, Y0
	VPAND     Y13, Y0, Y0   // "cudo"
	VPMOVMSKB Y0, AX
	VPCMPEQB  Y5, Y1, Y4    // c at 0
	VPAND     Y2, Y4, Y4    // "ck_"
	VPMOVMSKB Y4, DX
	XORL      R9, R9
	CMPQ      SI, R11
	JB        report
	VPCMPGTB  Y12, Y1, Y1
	VPMOVMSKB Y1, CX
	CMPL      CX, $0xffffffff
	SETEQ     R9B

report:
	MOVL  AX, CX
	ORL   DX, CX
	ORL   R9, CX
	TESTL CX, CX
	JZ    next
	MOVQ  SI, R10
	SUBQ  DI, R10 // the block's offset

store:
	MOVQ  R10, block+32(FP)
	MOVL  AX, cudo+40(FP)
	MOVL  DX, ck+44(FP)
	MOVB  R9, word+48(FP)
	SUBQ  DI, SI
	MOVQ  SI, checked+56(FP)
	VZEROUPPER
	RET

window:
	XORL AX, AX
	XORL DX, DX
	MOVL $1, R9
	MOVQ SI, R10
	SUBQ DI, R10
	JMP  store

none:
	XORL AX, AX
	XORL DX, DX
	XORL R9, R9
	MOVQ $-1, R10
	JMP  store
