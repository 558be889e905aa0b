package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
)

// The CMS (RFC 5652) a PAdES B-B signature holds: SignedData over no content (the
// PDF's byte ranges are the detached content), one SignerInfo with the signed
// attributes content-type, message-digest and signing-certificate-v2.

var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidRSA                  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAPSS               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidMGF1                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}
	oidECDSASHA256          = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
)

// contentInfo's Content is the [0] EXPLICIT element, whose Bytes are the SignedData.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo struct {
		EContentType asn1.ObjectIdentifier
	}
	Certificates asn1.RawValue `asn1:"optional,tag:0"`
	SignerInfos  []signerInfo  `asn1:"set"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue `asn1:"set"`
}

type essCertIDv2 struct {
	// hashAlgorithm is left out: SHA-256 is its default.
	CertHash     []byte
	IssuerSerial struct {
		Issuer []asn1.RawValue // GeneralNames: the issuer as a directoryName
		Serial *big.Int
	}
}

type pssParams struct {
	Hash       pkix.AlgorithmIdentifier `asn1:"explicit,tag:0"`
	MGF        pkix.AlgorithmIdentifier `asn1:"explicit,tag:1"`
	SaltLength int                      `asn1:"explicit,tag:2"`
}

func mustMarshal(v any) []byte {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic(err) // our own structures: a bug, not an input
	}
	return b
}

func attr(oid asn1.ObjectIdentifier, value []byte) attribute {
	return attribute{Type: oid, Values: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: value}}
}

// signedAttributes are the attributes signed, DER-encoded as a SET (what is signed).
func signedAttributes(digest []byte, cert *x509.Certificate) []byte {
	certHash := sha256.Sum256(cert.Raw)
	var id essCertIDv2
	id.CertHash = certHash[:]
	id.IssuerSerial.Issuer = []asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer}}
	id.IssuerSerial.Serial = cert.SerialNumber
	v2 := mustMarshal(struct{ Certs []essCertIDv2 }{[]essCertIDv2{id}})
	attrs := [][]byte{
		mustMarshal(attr(oidContentType, mustMarshal(oidData))),
		mustMarshal(attr(oidMessageDigest, mustMarshal(digest))),
		mustMarshal(attr(oidSigningCertificateV2, v2)),
	}
	// DER orders a SET OF by its encodings.
	for i := range attrs {
		for j := i + 1; j < len(attrs); j++ {
			if bytes.Compare(attrs[j], attrs[i]) < 0 {
				attrs[i], attrs[j] = attrs[j], attrs[i]
			}
		}
	}
	return mustMarshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: bytes.Join(attrs, nil)})
}

// signatureAlgorithm names how the key signs: RSA PKCS#1 v1.5 (or RSASSA-PSS when
// pss), or ECDSA with SHA-256.
func signatureAlgorithm(pub crypto.PublicKey, pss bool) (pkix.AlgorithmIdentifier, crypto.SignerOpts, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		if !pss {
			return pkix.AlgorithmIdentifier{Algorithm: oidRSA, Parameters: asn1.NullRawValue}, crypto.SHA256, nil
		}
		sha := pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}
		params := mustMarshal(pssParams{Hash: sha, MGF: pkix.AlgorithmIdentifier{Algorithm: oidMGF1, Parameters: asn1.RawValue{FullBytes: mustMarshal(sha)}}, SaltLength: 32})
		return pkix.AlgorithmIdentifier{Algorithm: oidRSAPSS, Parameters: asn1.RawValue{FullBytes: params}},
			&rsa.PSSOptions{SaltLength: 32, Hash: crypto.SHA256}, nil
	case *ecdsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidECDSASHA256}, crypto.SHA256, nil
	}
	return pkix.AlgorithmIdentifier{}, nil, errors.New("sign: the key is neither RSA nor ECDSA")
}

// buildCMS signs digest (SHA-256 of the PDF's byte ranges) with signer, whose
// certificate is chain[0]; the chain goes into the CMS for verifiers.
func buildCMS(digest []byte, signer crypto.Signer, chain []*x509.Certificate, pss bool) ([]byte, error) {
	cert := chain[0]
	alg, opts, err := signatureAlgorithm(cert.PublicKey, pss)
	if err != nil {
		return nil, err
	}
	attrs := signedAttributes(digest, cert)
	h := sha256.Sum256(attrs)
	sig, err := signer.Sign(rand.Reader, h[:], opts)
	if err != nil {
		return nil, TokenError(err)
	}
	var certs []byte
	for _, c := range chain {
		certs = append(certs, c.Raw...)
	}
	sha := pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}
	sd := signedData{Version: 1, DigestAlgorithms: []pkix.AlgorithmIdentifier{sha}}
	sd.EncapContentInfo.EContentType = oidData
	sd.Certificates = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs}
	// In the SignerInfo the attributes are [0] IMPLICIT: the SET's content, retagged.
	var set asn1.RawValue
	if _, err := asn1.Unmarshal(attrs, &set); err != nil {
		return nil, err
	}
	sd.SignerInfos = []signerInfo{{
		Version:            1,
		SID:                issuerAndSerial{Issuer: asn1.RawValue{FullBytes: cert.RawIssuer}, Serial: cert.SerialNumber},
		DigestAlgorithm:    sha,
		SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: set.Bytes},
		SignatureAlgorithm: alg,
		Signature:          sig,
	}}
	return asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: mustMarshal(sd)}})
}

// parsedCMS is what verifying needs of a signature's CMS.
type parsedCMS struct {
	signer *x509.Certificate
	certs  []*x509.Certificate
	attrs  []byte // the signed attributes as a SET, as they were signed
	digest []byte // the message-digest attribute
	alg    asn1.ObjectIdentifier
	sig    []byte
}

func parseCMS(b []byte) (*parsedCMS, error) {
	var ci contentInfo
	if _, err := asn1.Unmarshal(b, &ci); err != nil || !ci.ContentType.Equal(oidSignedData) || ci.Content.Class != asn1.ClassContextSpecific || ci.Content.Tag != 0 {
		return nil, fmt.Errorf("sign: not a CMS SignedData: %v", err)
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("sign: bad SignedData: %w", err)
	}
	certs, err := x509.ParseCertificates(sd.Certificates.Bytes)
	if err != nil {
		return nil, fmt.Errorf("sign: bad certificates: %w", err)
	}
	if len(sd.SignerInfos) != 1 {
		return nil, errors.New("sign: not exactly one signer")
	}
	si := sd.SignerInfos[0]
	p := &parsedCMS{certs: certs, alg: si.SignatureAlgorithm.Algorithm, sig: si.Signature}
	for _, c := range certs {
		if c.SerialNumber.Cmp(si.SID.Serial) == 0 && bytes.Equal(c.RawIssuer, si.SID.Issuer.FullBytes) {
			p.signer = c
		}
	}
	if p.signer == nil {
		return nil, errors.New("sign: the signer's certificate is not in the signature")
	}
	p.attrs = mustMarshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: si.SignedAttrs.Bytes})
	rest := si.SignedAttrs.Bytes
	for len(rest) > 0 {
		var a attribute
		if rest, err = asn1.Unmarshal(rest, &a); err != nil {
			return nil, fmt.Errorf("sign: bad attribute: %w", err)
		}
		if a.Type.Equal(oidMessageDigest) {
			if _, err := asn1.Unmarshal(a.Values.Bytes, &p.digest); err != nil {
				return nil, fmt.Errorf("sign: bad message digest: %w", err)
			}
		}
	}
	return p, nil
}

// check verifies the signature over the signed attributes with the signer's key.
func (p *parsedCMS) check() error {
	h := sha256.Sum256(p.attrs)
	switch pub := p.signer.PublicKey.(type) {
	case *rsa.PublicKey:
		if p.alg.Equal(oidRSAPSS) {
			return rsa.VerifyPSS(pub, crypto.SHA256, h[:], p.sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
		}
		return rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], p.sig)
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(pub, h[:], p.sig) {
			return errors.New("sign: ECDSA signature does not verify")
		}
		return nil
	}
	return errors.New("sign: unsupported key")
}
