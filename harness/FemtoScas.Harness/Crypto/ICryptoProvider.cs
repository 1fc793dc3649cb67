using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.KeyExchange;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto;

/// <summary>
/// The one crypto seam, so a primitive can be swapped or faked in one place: the IKE/ESP engine turns negotiated transform IDs into
/// primitives only through this interface. An ID the provider does not implement, or a
/// key length the transform does not allow, yields a failure naming the IANA value.
/// </summary>
public interface ICryptoProvider
{
    CryptoResult<IPrf> CreatePrf(PrfId id);

    /// <summary><see cref="IntegId.None"/> is not an algorithm and is refused here.</summary>
    CryptoResult<IIntegrity> CreateIntegrity(IntegId id);

    /// <summary>
    /// <paramref name="keyLengthBits"/> is the Key Length attribute (RFC 7296 3.3.5); 0 means
    /// "absent", which is only valid for fixed-length ciphers (DES, 3DES, NULL).
    /// </summary>
    CryptoResult<ICipher> CreateCipher(EncrId id, int keyLengthBits);

    CryptoResult<IKeyExchangeGroup> CreateKeyExchangeGroup(DhGroupId id);

    /// <summary>A key encapsulation mechanism (ML-KEM) for an RFC 9370 additional key exchange.</summary>
    CryptoResult<IKeyEncapsulation> CreateKeyEncapsulation(DhGroupId id);
}
