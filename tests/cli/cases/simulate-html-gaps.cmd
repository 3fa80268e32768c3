# simulate --format html on a log spanning 2 days with quiet hours: the chart buckets its 3,130 minutes into 6-minute points (at most 600), a bucket without requests is a gap (a lone bucket a dot), the time axis is labelled in UTC by date
cachectl -c examples/blog.toml simulate --log - --format html | sed -n '/^<svg/,/^<\/svg>/p'
