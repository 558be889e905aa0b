package store

// Tests encrypt backups with a cheap scrypt cost.
func init() { scryptWorkFactor = 10 }
