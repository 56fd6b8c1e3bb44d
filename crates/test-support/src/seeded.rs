//! A small deterministic generator for tests that draw their cases at random; the seed is printed so
//! a failure can be replayed.

/// Xorshift over a seed.
pub struct Random(pub u64);

impl Random {
    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    /// A number from `low` to `high`, both included.
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True one time in `one_in`.
    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    /// A day of 2023, or (one time in five) of 2022; whether it is of 2023.
    pub fn day(&mut self) -> (String, bool) {
        let in_year = self.below(5) != 0;
        let month = 1 + self.below(5);
        let day = 1 + self.below(28);
        let year = if in_year { 2023 } else { 2022 };
        (format!("{year}-{month:02}-{day:02}"), in_year)
    }
}

/// A seed from the clock, odd so that xorshift never sticks at zero.
pub fn seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1
}
