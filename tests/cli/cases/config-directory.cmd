# config error (3): -c names a directory
cachectl -c examples match /
