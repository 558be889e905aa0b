// Package book reads spreadsheet files (xlsx by its own bounded scanner or excelize,
// Excel 97–2003 .xls through its compound-file and BIFF readers, CSV) into a table
// of text cells, within limits set by the caller, and converts legacy Vietnamese
// encodings (TCVN3, VNI-Windows, Windows-1258). What the cells mean is data/sheet's.
package book
