package web_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/parley-dev/parley/reports/web"
)

// A server is an http.Handler: here it answers one explorer view, whose
// page names the command that prints the same table.
func ExampleNew() {
	srv, err := web.New(web.Options{Iterations: 500})
	if err != nil {
		fmt.Println(err)
		return
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/explore/prisoners-dilemma/result?seed=3", nil))
	page := w.Body.String()
	i := strings.Index(page, `<pre id="cli">`)
	fmt.Println(w.Code, page[i+len(`<pre id="cli">`):strings.Index(page, "</pre>")])
	// Output: 200 parley run prisoners-dilemma --seed 3 -n 500
}
