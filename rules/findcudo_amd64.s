//go:build !purego

#include "textflag.h"

// BROADCAST puts byte 0 of reg into every byte of x, through AX.
#define BROADCAST(reg, x) \
	MOVL reg, AX; \
	ANDL $0xff, AX; \
	IMULL $0x01010101, AX; \
	MOVQ AX, x; \
	PSHUFD $0, x, x

// func indexMasked4(src []byte, pat, fold uint32) (found, checked int)
TEXT ·indexMasked4(SB), NOSPLIT, $0-48
	MOVQ src_base+0(FP), SI
	MOVQ src_len+8(FP), BX
	MOVL pat+24(FP), R9
	MOVL fold+28(FP), R10
	MOVQ SI, DI

	// X5-X8: the pattern's bytes; X9-X12: the fold of each.
	BROADCAST(R9, X5)
	BROADCAST(R10, X9)
	SHRL $8, R9
	SHRL $8, R10
	BROADCAST(R9, X6)
	BROADCAST(R10, X10)
	SHRL $8, R9
	SHRL $8, R10
	BROADCAST(R9, X7)
	BROADCAST(R10, X11)
	SHRL $8, R9
	SHRL $8, R10
	BROADCAST(R9, X8)
	BROADCAST(R10, X12)

	// A block of 16 starts at SI reads up to SI+18: the last block may
	// start at src+len-19.
	SUBQ $19, BX
	JL   none
	LEAQ (SI)(BX*1), R8

loop:
	CMPQ SI, R8
	JA   none
	// Bytes 1 and 2 of the pattern first ("ud", "k_": rare pairs):
	// two loads per 16 starts; the other two only when a pair is there.
	MOVOU 1(SI), X2
	MOVOU 2(SI), X3
	POR  X10, X2
	POR  X11, X3
	PCMPEQB X6, X2
	PCMPEQB X7, X3
	PAND X3, X2
	PMOVMSKB X2, AX
	TESTL AX, AX
	JNZ  check

next:
	ADDQ $16, SI
	JMP  loop

check:
	MOVOU (SI), X1
	MOVOU 3(SI), X4
	POR  X9, X1
	POR  X12, X4
	PCMPEQB X5, X1
	PCMPEQB X8, X4
	PAND X4, X1
	PAND X2, X1
	PMOVMSKB X1, AX
	TESTL AX, AX
	JZ   next

found:
	BSFL AX, AX
	SUBQ DI, SI
	ADDQ AX, SI
	MOVQ SI, found+32(FP)
	MOVQ SI, checked+40(FP)
	RET

none:
	SUBQ DI, SI
	MOVQ $-1, found+32(FP)
	MOVQ SI, checked+40(FP)
	RET

// BROADCAST32 puts byte k of reg into every byte of y, through AX and X0.
#define BROADCAST32(reg, k, y) \
	MOVL reg, AX; \
	SHRL $(8*k), AX; \
	MOVQ AX, X0; \
	VPBROADCASTB X0, y

// func indexMasked4AVX2(src []byte, pat, fold uint32) (found, checked int)
//
// indexMasked4 with 32 starts at a time: the same tests, in AVX2
// registers. It stops with fewer than 35 bytes left; indexMasked4 goes on
// from there.
TEXT ·indexMasked4AVX2(SB), NOSPLIT, $0-48
	MOVQ src_base+0(FP), SI
	MOVQ src_len+8(FP), BX
	MOVL pat+24(FP), R9
	MOVL fold+28(FP), R10
	MOVQ SI, DI

	// Y5-Y8: the pattern's bytes; Y9-Y12: the fold of each.
	BROADCAST32(R9, 0, Y5)
	BROADCAST32(R9, 1, Y6)
	BROADCAST32(R9, 2, Y7)
	BROADCAST32(R9, 3, Y8)
	BROADCAST32(R10, 0, Y9)
	BROADCAST32(R10, 1, Y10)
	BROADCAST32(R10, 2, Y11)
	BROADCAST32(R10, 3, Y12)

	// A block of 32 starts at SI reads up to SI+34: the last block may
	// start at src+len-35.
	SUBQ $35, BX
	JL   none32
	LEAQ (SI)(BX*1), R8

loop32:
	CMPQ SI, R8
	JA   none32
	VMOVDQU 1(SI), Y2
	VMOVDQU 2(SI), Y3
	VPOR    Y10, Y2, Y2
	VPOR    Y11, Y3, Y3
	VPCMPEQB Y6, Y2, Y2
	VPCMPEQB Y7, Y3, Y3
	VPAND   Y3, Y2, Y2
	VPMOVMSKB Y2, AX
	TESTL   AX, AX
	JNZ     check32

next32:
	ADDQ $32, SI
	JMP  loop32

check32:
	VMOVDQU (SI), Y1
	VMOVDQU 3(SI), Y4
	VPOR    Y9, Y1, Y1
	VPOR    Y12, Y4, Y4
	VPCMPEQB Y5, Y1, Y1
	VPCMPEQB Y8, Y4, Y4
	VPAND   Y4, Y1, Y1
	VPAND   Y2, Y1, Y1
	VPMOVMSKB Y1, AX
	TESTL   AX, AX
	JZ      next32

	BSFL AX, AX
	SUBQ DI, SI
	ADDQ AX, SI
	MOVQ SI, found+32(FP)
	MOVQ SI, checked+40(FP)
	VZEROUPPER
	RET

none32:
	SUBQ DI, SI
	MOVQ $-1, found+32(FP)
	MOVQ SI, checked+40(FP)
	VZEROUPPER
	RET
