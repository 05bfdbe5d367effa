import { AboutDialog } from './AboutDialog';
import { DomainBanner } from './DomainBanner';
import { ClassWeightPanel } from './charts/ClassWeightPanel';
import { ProbabilityPanel } from './charts/ProbabilityPanel';
import { SpectrumPanel } from './charts/SpectrumPanel';
import { EngineInfo } from './EngineInfo';
import { FileDrop } from './files/FileDrop';
import { Header } from './Header';
import { BeyondPanel } from './beyond/BeyondPanel';
import { ImageInfoPanel } from './ImageInfoPanel';
import { Notices } from './Notices';
import { StatusLine } from './StatusLine';
import { ToolsDrawer } from './ToolsDrawer';
import { Tour } from './Tour';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { DisplayToolbar } from './viewer/DisplayToolbar';
import { EigenvectorPanel, HighPanel, ImagePanel, LowPanel } from './viewer/ImagePanels';
import { PixelReadout } from './viewer/PixelReadout';
import { OverlayControls, ScrubControls } from './viewer/ScrubControls';
import { WalkPanel } from './WalkPanel';
import { useStoreApi } from './storeContext';

/**
 * The page: header; the four image panels with their display toolbar, scrub controls and pixel
 * readout; the charts and the walk beside them. Each part reads its own slice of the store; the
 * image canvases draw outside React.
 */
export function App() {
  const store = useStoreApi();
  useKeyboardShortcuts();
  return (
    <div className="page">
      <Header />
      <StatusLine />
      <Notices />
      <DomainBanner />
      <main className="workspace">
        <section className="viewer" aria-label="Images">
          <div className="toolbars">
            <DisplayToolbar />
            <OverlayControls />
          </div>
          <div className="panel-grid">
            <ImagePanel />
            <EigenvectorPanel />
            <HighPanel />
            <LowPanel />
          </div>
          <PixelReadout />
        </section>
        <aside className="sidebar" aria-label="Numbers">
          <ScrubControls />
          <ProbabilityPanel />
          <SpectrumPanel />
          <ClassWeightPanel />
          <WalkPanel />
          <ImageInfoPanel />
          <BeyondPanel />
          <details className="panel engine-details">
            <summary>
              <span className="panel-title">Engine and timings</span>
            </summary>
            <EngineInfo />
          </details>
        </aside>
      </main>
      <ToolsDrawer />
      <footer className="page-footer">
        <p>
          Local sensitivity of this model at this image — not a segmentation, not a cause. Everything runs in this browser; no request leaves this site.{' '}
          <button type="button" className="link-button" onClick={() => store.getState().setAboutOpen(true)}>
            About this view
          </button>
        </p>
      </footer>
      <FileDrop />
      <AboutDialog />
      <Tour />
    </div>
  );
}
