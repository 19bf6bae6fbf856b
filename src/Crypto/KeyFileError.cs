namespace LnRelay.Crypto;

/// <summary>Why a node key file could not be used (<see cref="KeyFile.Read"/>).</summary>
public enum KeyFileError
{
    /// <summary>The key was read.</summary>
    None,

    /// <summary>No file at the path.</summary>
    Missing,

    /// <summary>The file exists but could not be read (permissions, a directory, an I/O error).</summary>
    Unreadable,

    /// <summary>The content is not hexadecimal.</summary>
    BadHex,

    /// <summary>Hex, but not 64 characters (32 bytes).</summary>
    WrongLength,

    /// <summary>32 bytes that are not a secp256k1 secret (zero, or not below the group order).</summary>
    InvalidKey,

    /// <summary>Group or others may read or write the file: the secret may already be exposed.</summary>
    TooPermissive,
}
