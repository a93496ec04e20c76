// Certificates made for the TLS suites, with the selfsigned devDependency.
import { requireFromRepo } from './token.mjs'

export const selfsigned = requireFromRepo('selfsigned')

/** A CA certificate and key (EC P-256: quick to make). */
export function makeCa(name) {
  return selfsigned.generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  })
}
