package yamlx

// DecodeStrict is the reference decoder, for the external tests.
var DecodeStrict = decodeStrict
