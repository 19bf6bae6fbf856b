using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary><c>SHA256_CTX</c> as openssl/sha.h declares it (the same in 1.1 and 3.x): 112 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SHA256_CTX
{
    public fixed uint h[8];
    public uint Nl;
    public uint Nh;
    public fixed uint data[16];
    public uint num;
    public uint md_len;
}
