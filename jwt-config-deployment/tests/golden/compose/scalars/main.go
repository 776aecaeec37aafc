package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// The oracle of ../scalars.txt: for each line of stdin, a plain scalar, what
// compose-go's mappingValue (fmt.Sprint) makes of `k: <scalar>` decoded by
// go-yaml (v3, Debian's golang-gopkg-yaml.v3-dev; compose-go embeds v4,
// whose resolution differs only for -0 and -0.0, left out of the corpus).
// A timestamp decodes to a time.Time in both (v2 alone kept it a string),
// written by fmt.Sprint as Time.String; run with TZ=UTC.
func main() {
	s := bufio.NewScanner(os.Stdin)
	out := []map[string]string{}
	for s.Scan() {
		var m map[string]interface{}
		if err := yaml.Unmarshal([]byte("k: "+s.Text()), &m); err != nil {
			out = append(out, map[string]string{"in": s.Text(), "error": err.Error()})
			continue
		}
		out = append(out, map[string]string{"in": s.Text(), "out": fmt.Sprint(m["k"])})
	}
	b, _ := json.MarshalIndent(out, "", " ")
	fmt.Println(string(b))
}
