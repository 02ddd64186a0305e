package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress draws a bar on stderr when stderr is a terminal and the run
// lasts more than a moment.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	bar   *progressbar.ProgressBar
}

func newProgress(ios *iostreams) *progress {
	return &progress{w: ios.ErrOut, on: ios.IsStderrTTY(), start: time.Now()}
}

func (p *progress) update(done, total int64) {
	if !p.on || time.Since(p.start) < 300*time.Millisecond {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("worlds"), progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	p.bar.Set64(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprint(p.w, "\r\033[K")
	}
}
