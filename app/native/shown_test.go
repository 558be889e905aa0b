package native

import "time"

// whenShown waits up to 10 s for a dialog (found reports it), then answers it as the
// clerk would; the channel says whether it was seen.
func whenShown(found func() bool, answer func()) <-chan bool {
	seen := make(chan bool, 1)
	go func() {
		for range 200 {
			if found() {
				answer()
				seen <- true
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		seen <- false
	}()
	return seen
}
