//! Windows in the shape the network trains on: inputs `[n, window, features]`, targets `[n, outputs]`.

/// A set of supervised windows, already transformed and scaled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowSet {
    /// Inputs, `[n, window, features]` row-major.
    pub x: Vec<f32>,
    /// Targets, `[n, outputs]` row-major.
    pub y: Vec<f32>,
    /// Number of windows.
    pub n: usize,
    /// Time steps per window.
    pub window: usize,
    /// Features per time step.
    pub features: usize,
    /// Target values per window (the horizon for direct multi-step).
    pub outputs: usize,
}

impl WindowSet {
    /// Checks the buffer lengths agree with the sizes.
    pub fn check(&self, what: &str) -> Result<(), String> {
        if self.x.len() != self.n * self.window * self.features {
            return Err(format!(
                "{what} windows: inputs have {} values, expected {}",
                self.x.len(),
                self.n * self.window * self.features
            ));
        }
        if self.y.len() != self.n * self.outputs {
            return Err(format!(
                "{what} windows: targets have {} values, expected {}",
                self.y.len(),
                self.n * self.outputs
            ));
        }
        Ok(())
    }

    /// Copies the windows `idx` into `x`/`y` (cleared first), batch-first.
    pub fn gather(&self, idx: &[usize], x: &mut Vec<f32>, y: &mut Vec<f32>) {
        let xs = self.window * self.features;
        x.clear();
        y.clear();
        for &i in idx {
            x.extend_from_slice(&self.x[i * xs..(i + 1) * xs]);
            y.extend_from_slice(&self.y[i * self.outputs..(i + 1) * self.outputs]);
        }
    }
}
