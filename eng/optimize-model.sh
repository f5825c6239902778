#!/usr/bin/env bash
# Regenerates the EF Core compiled models the server starts with (src/Trellis.Data/CompiledModels/<Provider>), one
# per provider, from the entity configurations. Run it after any model change (beside the migrations);
# CompiledModelTests fails until it is run. Usage: eng/optimize-model.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  out="$(mktemp -d)"
  # The design-time factory of each migrations project builds the model from code (never from a compiled model).
  dotnet ef dbcontext optimize --project "src/Trellis.Data.$provider" --startup-project "src/Trellis.Data.$provider" \
    --context TrellisDbContext --output-dir "$out" --namespace "Trellis.Data.CompiledModels.$provider"
  # DataExtensions.CompiledModel picks the model by provider, so the assembly-wide default the tool adds must not ship.
  rm "$out/TrellisDbContextAssemblyAttributes.cs"
  target="src/Trellis.Data/CompiledModels/$provider"
  rm -f "$target"/*.cs
  mkdir -p "$target"
  mv "$out"/*.cs "$target/"
  rm -rf "$out"
done
