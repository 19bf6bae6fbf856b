using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>Owns a <c>secp256k1_context*</c>; destroyed when released.</summary>
internal sealed class Secp256k1ContextHandle : SafeHandle
{
    public Secp256k1ContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    internal static Secp256k1ContextHandle Create()
    {
        var ctx = new Secp256k1ContextHandle();
        ctx.SetHandle(Libsecp256k1.secp256k1_context_create(Libsecp256k1.SECP256K1_CONTEXT_NONE));
        return ctx;
    }

    protected override bool ReleaseHandle()
    {
        Libsecp256k1.secp256k1_context_destroy(handle);
        return true;
    }
}
