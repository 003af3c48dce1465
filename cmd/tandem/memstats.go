package main

import (
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"
)

// With a heap profile asked for, sample every 4 KiB allocated rather than
// every 512 KiB: what a contact leaves behind is small, and the default
// rate would miss it. Set in init, before the first allocations it counts.
func init() {
	if os.Getenv("TANDEM_DEBUG_HEAPPROFILE") != "" {
		runtime.MemProfileRate = 4096
	}
}

// startMemStats logs the Go heap every N seconds when
// TANDEM_DEBUG_MEMSTATS=N is set, for the memory figures in the README.
func startMemStats(log *slog.Logger) {
	if path := os.Getenv("TANDEM_DEBUG_HEAPPROFILE"); path != "" {
		// One heap profile after start-up has settled, for `go tool pprof`.
		time.AfterFunc(20*time.Second, func() {
			runtime.GC()
			writeHeapProfile(log, path)
		})
	}
	if path := os.Getenv("TANDEM_DEBUG_CPUPROFILE"); path != "" {
		// A CPU profile of seconds 10 to 40, for the idle-cost figure.
		time.AfterFunc(10*time.Second, func() {
			f, err := os.Create(path)
			if err != nil || pprof.StartCPUProfile(f) != nil {
				return
			}
			time.AfterFunc(30*time.Second, func() {
				pprof.StopCPUProfile()
				f.Close()
				log.Info("cpu profile written", "path", path)
			})
		})
	}
	v := os.Getenv("TANDEM_DEBUG_MEMSTATS")
	if v == "" {
		return
	}
	secs, err := strconv.Atoi(v)
	if err != nil || secs <= 0 {
		secs = 10
	}
	logStats := func(forced bool) {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		log.Info("memstats", "forced", forced,
			"heap_alloc_kb", m.HeapAlloc/1024, "heap_inuse_kb", m.HeapInuse/1024,
			"heap_sys_kb", m.HeapSys/1024, "heap_idle_kb", m.HeapIdle/1024,
			"heap_released_kb", m.HeapReleased/1024, "sys_kb", m.Sys/1024,
			"stack_inuse_kb", m.StackInuse/1024, "gc_sys_kb", m.GCSys/1024,
			"mspan_sys_kb", m.MSpanSys/1024, "other_sys_kb", (m.OtherSys+m.BuckHashSys+m.MCacheSys)/1024,
			"num_gc", m.NumGC,
			"goroutines", runtime.NumGoroutine())
	}
	// On request (SIGUSR1 where there is one) a measuring harness gets a
	// settled figure: a full GC, the stats at once, and when
	// TANDEM_DEBUG_HEAPPROFILE names a file, a heap profile there and the
	// goroutines in FILE.goroutines.
	onGCRequest(func() {
		runtime.GC()
		logStats(true)
		if path := os.Getenv("TANDEM_DEBUG_HEAPPROFILE"); path != "" {
			writeHeapProfile(log, path)
			if f, err := os.Create(path + ".goroutines"); err == nil {
				_ = pprof.Lookup("goroutine").WriteTo(f, 1)
				f.Close()
			}
		}
	})
	go func() {
		for range time.Tick(time.Duration(secs) * time.Second) {
			logStats(false)
		}
	}()
}

// writeHeapProfile writes a heap profile to path, for `go tool pprof`.
func writeHeapProfile(log *slog.Logger, path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	_ = pprof.WriteHeapProfile(f)
	f.Close()
	log.Info("heap profile written", "path", path)
}
