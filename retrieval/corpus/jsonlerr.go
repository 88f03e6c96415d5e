package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// jsonlProblem says what is wrong with a line that did not decode into a
// jsonlRecord, in the terms of the line rather than of Go: which field
// has which kind of value, or where the JSON breaks, such as
//
//	"title" must be a string, not an array
//	invalid JSON at column 14: invalid character '"' after object value (expecting ',' or '}')
func jsonlProblem(line []byte, err error) string {
	var se *json.SemanticError
	var sy *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		got := kindName(se.JSONKind)
		if se.JSONPointer == "" {
			return "must be a JSON object, not " + got
		}
		field := fieldOf(se.JSONPointer)
		if se.GoType != nil && se.GoType.Kind() == reflect.String {
			return field + " must be a string, not " + got
		}
		return field + " cannot be " + got
	case errors.As(err, &sy):
		if trimmed := bytes.TrimLeft(line, " \t"); len(trimmed) > 0 && trimmed[0] != '{' {
			return "invalid JSON: a line must be an object, starting with {"
		}
		in := ""
		if sy.JSONPointer != "" {
			in = " in " + fieldOf(sy.JSONPointer)
		}
		if errors.Is(sy.Err, io.ErrUnexpectedEOF) {
			if in != "" {
				return "invalid JSON: the line ends inside" + in[len(" in"):]
			}
			return "invalid JSON: the line ends before the object is closed"
		}
		msg := sy.Err.Error()
		if strings.Contains(msg, "after top-level value") {
			msg = "more than one value on the line"
		}
		return fmt.Sprintf("invalid JSON at column %d%s: %s", sy.ByteOffset+1, in, msg)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "invalid JSON: the line ends before the object is closed"
	}
	// An error of another kind: its message without the package name.
	return "invalid JSON: " + strings.TrimPrefix(strings.TrimPrefix(err.Error(), "json: "), "jsontext: ")
}

// fieldOf names the field of the line's object that p points into,
// quoted: the first token, as a value nested deeper is in that field.
func fieldOf(p jsontext.Pointer) string {
	for tok := range p.Tokens() {
		return fmt.Sprintf("%q", tok)
	}
	return `""`
}

// kindName names a kind of JSON value with its article, as "an array".
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "a boolean"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "a value of another kind"
}
