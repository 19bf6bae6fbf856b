using BenchmarkDotNet.Running;

// Run all:      dotnet run -c Release --project bench/Bench -- --filter '*'
// Run a class:  dotnet run -c Release --project bench/Bench -- --filter '*CryptoBenchmarks*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
