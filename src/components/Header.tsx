/** Title and the privacy promise: the analysis runs on this device, nothing is uploaded. */
export function Header() {
  return (
    <header className="page-header">
      <h1>iFIM viewer</h1>
      <p className="subtitle">Input-dependent Fisher information of a medical image classifier: the directions in which a small change of this image changes the prediction most.</p>
      <p className="privacy" data-testid="privacy-note">
        Images never leave your browser: the model runs on this device, and nothing is uploaded.
      </p>
    </header>
  );
}
