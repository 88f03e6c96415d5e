package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
)

// File is one file of a multipart/form-data request, as Discord receives
// attachments: a part named files[n] with a file name.
type File struct {
	Field       string // the form field, e.g. files[0]
	Name        string // the file name
	ContentType string
	Data        []byte
}

// readMultipart decodes a multipart/form-data body the way Discord reads
// one: the JSON message in the payload_json part, files in the others.
func readMultipart(contentType string, raw []byte, c *Call) error {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type: %w", err)
	}
	r := multipart.NewReader(strings.NewReader(string(raw)), params["boundary"])
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("next part: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return fmt.Errorf("read part %s: %w", p.FormName(), err)
		}
		if p.FormName() == "payload_json" {
			if err := json.Unmarshal(data, &c.Body); err != nil {
				return fmt.Errorf("payload_json: %w", err)
			}
			continue
		}
		c.Files = append(c.Files, File{Field: p.FormName(), Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
	}
}
