package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// Profiling for measuring docprov itself, switched on by environment
// variables only (no flag: they are for developers, not analysts):
//
//	DOCPROV_CPUPROFILE=FILE   a CPU profile of the whole command
//	DOCPROV_HEAPPROFILE=FILE  the heap profile at the largest live heap seen
//	                          (sampled every second), for go tool pprof
//
// startEnvProfiles starts what they ask for and returns the function that
// ends it.
func startEnvProfiles() (stop func()) {
	var stops []func()
	if p := os.Getenv("DOCPROV_CPUPROFILE"); p != "" {
		if s, err := startCPUProfile(p); err != nil {
			fmt.Fprintf(os.Stderr, "docprov: DOCPROV_CPUPROFILE: %v\n", err)
		} else {
			stops = append(stops, s)
		}
	}
	if p := os.Getenv("DOCPROV_HEAPPROFILE"); p != "" {
		// Finer than the default of one sample per 512 KiB, for a
		// heap of many small summaries.
		runtime.MemProfileRate = 16 << 10
		stops = append(stops, startPeakHeapProfile(p))
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// startPeakHeapProfile writes path's heap profile each time the live heap
// (as the last collection left it) is the largest yet.
func startPeakHeapProfile(path string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			live := sample[0].Value.Uint64()
			if live <= peak {
				continue
			}
			peak = live
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintf(os.Stderr, "docprov: DOCPROV_HEAPPROFILE: %v\n", err)
				return
			}
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
			fmt.Fprintf(os.Stderr, "docprov: heap profile at %d MiB live (%s)\n", live>>20, time.Now().UTC().Format("15:04:05"))
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
