using System.Globalization;
using BenchmarkDotNet.Running;
using LnRelay.Bench;

// Run all:      dotnet run -c Release --project bench/Bench -- --filter '*'
// Run a class:  dotnet run -c Release --project bench/Bench -- --filter '*CryptoBenchmarks*'
// AEAD by size, interleaved (docs/performance.md, session 9):
//               dotnet bench/Bench/bin/Release/net10.0/LnRelay.Bench.dll aead-interleaved [rounds [size ...]]
if (args is ["aead-interleaved", ..])
{
    var numbers = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
    AeadInterleaved.Run(numbers.Count > 0 ? numbers[0] : 41, numbers.Skip(1).ToList());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
