//go:build amd64 && !purego

package rules

import (
	"testing"

	"golang.org/x/sys/cpu"
)

// forEachVectorBuild runs fn once for each vector search this CPU can run:
// SSE2 always, AVX2 where the CPU has it. No test in this package runs in
// parallel, so switching the search under the others is safe.
func forEachVectorBuild(t *testing.T, fn func(t *testing.T)) {
	saved := useAVX2
	defer func() { useAVX2 = saved }()
	useAVX2 = false
	t.Run("sse2", fn)
	if !cpu.X86.HasAVX2 {
		t.Log("this CPU has no AVX2: only the SSE2 search was tested")
		return
	}
	useAVX2 = true
	t.Run("avx2", fn)
}
