using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// Owns an <c>EVP_CIPHER_CTX*</c>: freed (and its key state wiped by OpenSSL) when released, so an
/// instance that is never disposed still gives its native memory back through the finaliser.
/// </summary>
internal sealed unsafe class EvpCipherContextHandle : SafeHandle
{
    public EvpCipherContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>A new context, or an invalid handle if OpenSSL could not allocate one.</summary>
    internal static EvpCipherContextHandle Create()
    {
        var context = new EvpCipherContextHandle();
        context.SetHandle(LibcryptoEvp.EVP_CIPHER_CTX_new());
        return context;
    }

    protected override bool ReleaseHandle()
    {
        LibcryptoEvp.EVP_CIPHER_CTX_free(handle);
        return true;
    }
}
