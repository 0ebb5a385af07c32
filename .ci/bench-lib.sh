# bench-lib.sh: what .ci/bench-corpus and .ci/bench-scale share. Sourced,
# not run.

# build_corpus DIR COUNT SOURCE...: COUNT files in DIR, file i a copy of
# source i % (number of sources), in sub-folder d(i % 100), named by i, then
# read once so that every tool starts from the same warm page cache.
build_corpus() {
	local dir=$1 count=$2
	shift 2
	for ((d = 0; d < 100; d++)); do
		mkdir -p "$dir/$(printf 'd%03d' $d)"
	done
	# One cp per file would take longer than the benchmark: Perl is there
	# anyway, since ExifTool is written in it.
	perl -MFile::Copy=copy -e '
		my ($dir, $count, @src) = @ARGV;
		for my $i (0 .. $count - 1) {
			my $s = $src[$i % @src];
			(my $base = $s) =~ s{.*/}{};
			my $dst = sprintf("%s/d%03d/%07d_%s", $dir, $i % 100, $i, $base);
			copy($s, $dst) or die "copy $s -> $dst: $!\n";
		}
	' "$dir" "$count" "$@"
	find "$dir" -type f -exec cat {} + >/dev/null
}

# time_summary FILE: "wall_s cpu_s max_rss_kib" from the report of
# /usr/bin/time -v written to FILE.
time_summary() {
	awk -F': ' '
		/Elapsed \(wall clock\)/ {
			n = split($2, p, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + p[i]
		}
		/User time \(seconds\)/ { u = $2 }
		/System time \(seconds\)/ { s = $2 }
		/Maximum resident set size/ { m = $2 }
		END { printf "%.2f %.2f %d\n", w, u + s, m }
	' "$1"
}
